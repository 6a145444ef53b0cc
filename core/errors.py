"""Errors that services raise and every interface (API, kiosk, pages) turns into a clear answer.

Each error carries a stable `code` (what a program checks) and a `detail` (what a person reads);
the API answers `{"detail": ..., "code": ...}` with the error's `status`.
"""


class GreenroomError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, status: int | None = None, **extra):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        if status:
            self.status = status
        self.extra = extra

    def as_dict(self) -> dict:
        return {"detail": self.detail, "code": self.code, **self.extra}


class NotFound(GreenroomError):
    status = 404
    code = "not_found"


class Conflict(GreenroomError):
    status = 409
    code = "conflict"


class Forbidden(GreenroomError):
    status = 403
    code = "forbidden"
