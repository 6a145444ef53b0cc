"""What a private calendar feed shows (see core.scoping for everyone else's feeds)."""

from activations.models import Activation


def activations_for_private_feed(feed):
    """A private calendar feed (calendars.CalendarFeed) shows its organization's whole
    programme, drafts included; a revoked feed shows nothing."""
    if feed is None or feed.revoked_at is not None:
        return Activation.objects.none()
    return Activation.objects.filter(organization_id=feed.organization_id)
