"""The HTML pages: staff console, waiting-room display, the phone ticket page.

Pages are rendered with Jinja2 from the package (no CDN: the office LAN may
have no internet). Text is German and marked with ``_()``; the phone page
is rendered in the ticket's language and right-to-left where it reads so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from kiosk.i18n import translator
from kiosk.i18n.languages import LANGUAGES, direction
from kiosk.store.desks import load_desks
from kiosk.web import views
from kiosk.web.api_public import ticket_for
from kiosk.web.errors import ApiError

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)


def render(
    pages: Jinja2Templates,
    request: Request,
    name: str,
    language: str = "de",
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A template in ``language``: its gettext, and lang/dir for the html element.

    The city server's pages (its phone relay reuses the phone template) render through this too.
    """
    values = {"_": translator(language), "lang": language, "dir": direction(language), **context}
    return pages.TemplateResponse(request, name, values, status_code=status)


def _page(
    request: Request, name: str, language: str = "de", status: int = 200, **context: Any
) -> HTMLResponse:
    return render(templates, request, name, language, status, **context)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/staff", status_code=303)


@router.get("/staff", response_class=HTMLResponse)
def console(request: Request) -> HTMLResponse:
    ctx = request.app.state.ctx
    # The configured desks; desks dropped from the config stay in the database for old tickets.
    desks = ctx.config.desk_list() or load_desks(ctx.pool.get())
    return _page(request, "console.html", desks=desks, office=views.office_name(ctx.pool.get()))


@router.get("/display", response_class=HTMLResponse)
def display(request: Request, lang: str = "") -> HTMLResponse:
    """The waiting-room display in ``[web] display_language``, or the offered language ``?lang=`` names.

    The URL wins, so two screens in one office can speak two languages.
    """
    ctx = request.app.state.ctx
    language = lang if lang in LANGUAGES else ctx.config.web.display_language
    return _page(
        request,
        "display.html",
        language=language,
        office=views.office_name(ctx.pool.get()),
        speech=ctx.config.web.speech,
    )


@router.get("/t/{token}", response_class=HTMLResponse)
def phone(request: Request, token: str) -> HTMLResponse:
    ctx = request.app.state.ctx
    try:
        ticket = ticket_for(ctx, token) if 8 <= len(token) <= 64 else None
    except ApiError:
        ticket = None
    if ticket is None:
        return _page(request, "phone_gone.html", status=404)
    _ = translator(ticket.language)
    state = views.phone_view(ctx.pool.get(), ticket, _)
    return _page(request, "phone.html", language=ticket.language, token=token, state=state)
