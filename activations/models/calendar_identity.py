"""The calendar identity rule shared by activations and sessions (RFC 5545 SEQUENCE).

A calendar client keeps an event by its UID and takes a copy with a higher SEQUENCE as the newer
one. So SEQUENCE must go up whenever what a subscriber would act on changes: the time, the place
or the status. The rule lives in `save()`, so the services, the API and the admin (which saves
models directly) all follow it.
"""


class CalendarVersioned:
    """Mixin for a model with `sequence`: raises it when a field in `calendar_watched_fields` changes."""

    calendar_watched_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._calendar_snapshot = instance._calendar_values()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._calendar_snapshot = self._calendar_values()

    def _calendar_values(self) -> dict:
        loaded = self.__dict__
        return {name: loaded[name] for name in self.calendar_watched_fields if name in loaded}

    def _calendar_stored_values(self) -> dict:
        snapshot = getattr(self, "_calendar_snapshot", None)
        if snapshot is not None and len(snapshot) == len(self.calendar_watched_fields):
            return snapshot
        # Built by hand with a primary key, or loaded with some fields deferred: ask the database.
        row = type(self)._base_manager.filter(pk=self.pk).values(*self.calendar_watched_fields).first()
        return row or {}

    def calendar_fields_changed(self) -> bool:
        if self._state.adding or self.pk is None:
            return False
        stored = self._calendar_stored_values()
        return any(name in stored and stored[name] != getattr(self, name) for name in self.calendar_watched_fields)

    def save(self, *args, **kwargs):
        if self.calendar_fields_changed():
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "sequence" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "sequence"]
        super().save(*args, **kwargs)
        self._calendar_snapshot = self._calendar_values()
