"""Who is acting: an organizer (through the admin, a token or a script), a paired kiosk device,
or the public. Services and scoping take an Actor instead of guessing from a request."""

from dataclasses import dataclass, field

from core.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    user: object | None = None  # an organizer (django.contrib.auth user)
    device: object | None = None  # a kiosk.KioskDevice
    organization_ids: frozenset = field(default_factory=frozenset)
    is_superuser: bool = False
    staff_member_id: int | None = None  # a kiosk in staff mode with a rostered person's own PIN (rota.Volunteer)
    staff_mode: bool = False  # a kiosk whose request carries a current staff token (shared or personal PIN)

    @property
    def is_organizer(self) -> bool:
        return self.user is not None

    @property
    def is_kiosk(self) -> bool:
        return self.device is not None

    @property
    def is_public(self) -> bool:
        return self.user is None and self.device is None

    @property
    def activation_id(self) -> int | None:
        return self.device.activation_id if self.device is not None else None

    @property
    def label(self) -> str:
        """Who did it, for ledgers and logs (no personal data beyond the organizer's username)."""
        if self.user is not None:
            return f"user:{self.user.get_username()}"
        if self.device is not None:
            person = f" staff:{self.staff_member_id}" if self.staff_member_id else ""
            return f"kiosk:{self.device.pk}{person}"
        return "public"

    @classmethod
    def for_user(cls, user) -> "Actor":
        # Through the user's reverse relation (activations.Organization.members), so the ground
        # floor needs no import from the schedule.
        org_ids = frozenset(user.organizations.values_list("pk", flat=True))
        return cls(user=user, organization_ids=org_ids, is_superuser=bool(user.is_superuser))

    @classmethod
    def for_device(cls, device, staff_member_id: int | None = None, staff_mode: bool = False) -> "Actor":
        return cls(
            device=device,
            organization_ids=frozenset({device.activation.organization_id}),
            staff_member_id=staff_member_id,
            staff_mode=staff_mode or staff_member_id is not None,
        )


def require_staff(actor: Actor) -> None:
    """The one check for staff-only actions (check-in, no-show, walk-ins, kit hand-outs, the name
    lists, the welfare log): organizers may; a kiosk only in staff mode, proven on the server by
    the staff token of a PIN typed on it (403 `staff_mode_required`); the public never."""
    if actor.is_organizer:
        return
    if actor.is_kiosk:
        if actor.staff_mode:
            return
        raise Forbidden("Staff mode has ended on this kiosk: enter the staff PIN again.", code="staff_mode_required")
    raise Forbidden("Only the organizers and the booth's staff can do this.", code="staff_only")


PUBLIC = Actor()
