"""The HTML report's building blocks, shared by its sections and by the other HTML documents
(the cohort, the print pack): escaping, identifiers, paragraphs, verdicts and tables."""

from __future__ import annotations

from html import escape


def e(text: object) -> str:
    return escape("" if text is None else str(text))


def code(ident: str | None) -> str:
    return f"<code>{e(ident)}</code>" if ident else ""


def multiline(text: str | None) -> str:
    """Paragraphs of escaped text."""
    paras = [p.strip() for p in str(text or "").split("\n\n") if p.strip()]
    return "".join(f"<p>{e(' '.join(p.split()))}</p>" for p in paras)


def verdict(v: str, basis: str = "") -> str:
    cls = "v-" + v.replace(" ", "-")
    out = f'<span class="verdict {cls}">{e(v)}</span>'
    return out + (f' <span class="note">({e(basis)})</span>' if basis else "")


def table(head: list[str], rows: list[list[str]], cls: str = "", num: tuple[int, ...] = ()) -> str:
    """Cells are HTML already (escape before). `num`: right-aligned column indexes."""

    def cell(tag: str, i: int, c: str) -> str:
        return f'<{tag} class="num">{c}</{tag}>' if i in num else f"<{tag}>{c}</{tag}>"

    h = "".join(cell("th", i, c) for i, c in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>'
