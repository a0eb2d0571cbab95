"""The served pages that are ours, not textual-serve's: the index, the sign-in form, notices.

Every text that comes from content or from a request goes through html.escape; the pages load
nothing from elsewhere, so their Content-Security-Policy can forbid everything but themselves.
"""

from __future__ import annotations

from html import escape

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em;"
    "line-height:1.5;"
    "color:#1b1b1b;background:#fff}"
    "h1{font-size:1.6em;margin-bottom:.2em}.sub{color:#444;margin-top:0}"
    "label{display:block;font-weight:600;margin-top:1.2em}"
    ".help{color:#444;font-size:.95em;font-weight:400;margin:.2em 0 0}"
    "input{font:inherit;font-size:1.2em;padding:.4em .5em;width:100%;box-sizing:border-box;"
    "border:2px solid #555;border-radius:4px;margin-top:.3em}"
    "input#code{font-family:ui-monospace,monospace;letter-spacing:.15em;text-transform:uppercase}"
    "input:focus,button:focus{outline:3px solid #ffb900;outline-offset:2px}"
    "button{font:inherit;font-size:1.1em;margin-top:1.5em;padding:.6em 1.4em;border:0;"
    "border-radius:4px;"
    "background:#0078d4;color:#fff;cursor:pointer}"
    ".error{border-left:6px solid #b00020;background:#fdecee;color:#5f0010;padding:.6em .8em;"
    "margin:1em 0}"
    "code{background:#f0f0f0;padding:0 .3em;border-radius:3px}"
)


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def index_page(title: str, roles: dict[str, str], *, observer: bool = False) -> str:
    items = [
        '<li><a href="/facilitator">Facilitator console</a></li>',
        "<li><a href=\"/screen\">The room's screen</a> (for the projector: the facilitator's "
        "code)</li>",
    ]
    if observer:
        items.append(
            '<li><a href="/observer">Observer seat</a> (sees everything, records rated '
            "observations: the observer's code)</li>"
        )
    items += [
        f'<li><a href="/team/{escape(r)}">{escape(name)}</a></li>' for r, name in roles.items()
    ]
    return _page(
        title,
        f"<h1>{escape(title)}</h1><p>Open one console per team. Each asks for its code "
        "first: a team's join code, the facilitator's code for the facilitator console, the "
        "observer's for the observer seat "
        f"(<code>ttx codes FILE</code> shows them).</p><ul>{''.join(items)}</ul>",
    )


def login_page(
    title: str,
    console: str,
    action: str,
    *,
    team: bool,
    observer: bool = False,
    error: str = "",
    name: str = "",
) -> str:
    """The sign-in form for one console; `error` is shown first and announced to screen readers.
    A team's form asks for a name (optional), the observer's too (required: it signs every
    observation)."""
    if team:
        label, help_text = "Join code", "The code the facilitator gave your team."
    elif observer:
        label, help_text = "Observer code", "The code the facilitator gave you for this seat."
    else:
        label, help_text = (
            "Facilitator code",
            "Shown by <code>ttx codes FILE</code> on the machine that holds the session.",
        )
    described = "code-help error" if error else "code-help"
    invalid = ' aria-invalid="true"' if error else ""
    alert = f'<p class="error" role="alert" id="error">{escape(error)}</p>' if error else ""
    name_field = ""
    if team or observer:
        why, required = (
            ("(required: it signs your observations)", " required")
            if observer
            else ("(optional, shown with your team's decisions)", "")
        )
        name_field = (
            f'<label for="name">Your name <span class="help">{why}</span></label>'
            '<input id="name" name="name" maxlength="40" autocomplete="name" '
            f'value="{escape(name)}"{required}>'
        )
    body = (
        f"<h1>{escape(console)}</h1><p class='sub'>{escape(title)}</p>{alert}"
        f'<form method="post" action="{escape(action)}">'
        f'<label for="code">{label}</label>'
        '<input id="code" name="code" required maxlength="32" autocomplete="off" '
        'autocapitalize="characters" '
        f'spellcheck="false" autofocus aria-describedby="{described}"{invalid}>'
        f'<p class="help" id="code-help">{help_text}</p>{name_field}'
        '<button type="submit">Open the console</button></form>'
    )
    return _page(f"Sign in — {console} — {title}", body)


def notice_page(title: str, heading: str, message: str, back: str) -> str:
    return _page(
        f"{heading} — {title}",
        f"<h1>{escape(heading)}</h1><p class='sub'>{escape(title)}</p>"
        f'<p role="alert">{escape(message)}</p><p><a href="{escape(back)}">Try again</a></p>',
    )
