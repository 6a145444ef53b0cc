from django.apps import AppConfig


class HelplinesConfig(AppConfig):
    name = "helplines"
    verbose_name = "Crisis-line directory"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from helplines.cache import directory_changed
        from helplines.models import Channel, Country, CrisisLine

        def changed(**kwargs):
            transaction.on_commit(directory_changed)

        for model in (Channel, Country, CrisisLine):
            # weak=False: `changed` is local to ready(), and a weak reference would let it be collected at once.
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"helplines-changed-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"helplines-deleted-{model.__name__}")
