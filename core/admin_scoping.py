"""The admin's side of organization scoping: an organizer sees and picks only their own objects.

Every organizer-facing ModelAdmin in the project mixes in `OrganizationScopedAdmin` and names the
path from its model to the owning organization; querysets and foreign-key choices go through it.
"""
from django.contrib import admin

from core.actors import Actor


def actor_for(request) -> Actor:
    if not hasattr(request, "_greenroom_actor"):
        request._greenroom_actor = Actor.for_user(request.user)
    return request._greenroom_actor


class OrganizationScopedAdmin(admin.ModelAdmin):
    #: lookup from this model to its Organization's id, e.g. "activation__organization_id"
    organization_path = "organization_id"
    #: foreign keys whose choices must be limited too, with their own path to the organization
    scoped_foreign_keys: dict[str, str] = {}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return scope_to_organizations(qs, request, self.organization_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.scoped_foreign_keys:
            field.queryset = scope_to_organizations(field.queryset, request, self.scoped_foreign_keys[db_field.name])
        return field


def scope_to_organizations(qs, request, path):
    if request.user.is_superuser:
        return qs
    return qs.filter(**{f"{path}__in": actor_for(request).organization_ids})


class OrganizationScopedInline:
    scoped_foreign_keys: dict[str, str] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.scoped_foreign_keys:
            field.queryset = scope_to_organizations(field.queryset, request, self.scoped_foreign_keys[db_field.name])
        return field
