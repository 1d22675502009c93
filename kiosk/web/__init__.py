"""The staff console, the waiting-room display and the visitor's phone page.

A FastAPI app served by uvicorn on the office LAN: on a thread inside
``kiosk run`` (:func:`kiosk.web.server.serve_in_thread`) or alone with
``kiosk serve``. It is thin on purpose: every change goes through the
operations in :mod:`kiosk.store`, every rule lives in :mod:`kiosk.core`.
"""
