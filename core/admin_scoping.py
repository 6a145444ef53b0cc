"""The admin's side of organization scoping: an organizer sees and picks only their own objects.

Every organizer-facing ModelAdmin in the project mixes in `OrganizationScopedAdmin` and names the
path from its model to the owning organization; querysets and foreign-key choices go through it.
For an organizer (not a superuser) it also scopes, without each admin saying so:
- list filters on a relation ("activation", "organization", ("location", …)) list only the values
  their own rows use (`RelatedOnlyFieldListFilter` over the scoped queryset), never every
  organization's activations, drafts included;
- the choices of every foreign key and many-to-many field, in the form and in its inlines, to
  what that model's own scoped admin would show them;
- a filter value that is not one (`?session=abc`) answers Django's "invalid filter" page (after
  a redirect to `?e=1`), never a 500.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ValidationError

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
        return scope_choices(field, db_field, request, self.admin_site, self.scoped_foreign_keys)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scope_choices(field, db_field, request, self.admin_site, self.scoped_foreign_keys)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if not isinstance(inline, OrganizationScopedInline):
                _scope_inline_choices(inline)
        return inlines

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._scoped_filter(spec) for spec in filters]

    def _scoped_filter(self, spec):
        name, filter_class = (spec, None) if isinstance(spec, str) else (spec if isinstance(spec, tuple) else (None, spec))
        if name is None or filter_class not in (None, admin.RelatedFieldListFilter):
            return spec
        try:
            field = get_fields_from_path(self.model, name)[-1]
        except FieldDoesNotExist:
            return spec
        return (name, admin.RelatedOnlyFieldListFilter) if field.is_relation else spec

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, TypeError, OverflowError, ValidationError) as exc:  # a filter value that is not one
            raise IncorrectLookupParameters(exc) from exc


def scope_choices(field, db_field, request, admin_site, declared=None):
    """Limits a choice field to the organizer's own objects: by the declared path, or else by the
    related model's own OrganizationScopedAdmin."""
    if field is None or not hasattr(field, "queryset") or request.user.is_superuser:
        return field
    if declared and db_field.name in declared:
        field.queryset = scope_to_organizations(field.queryset, request, declared[db_field.name])
        return field
    related_admin = admin_site._registry.get(db_field.related_model)
    if isinstance(related_admin, OrganizationScopedAdmin):
        field.queryset = scope_to_organizations(field.queryset, request, related_admin.organization_path)
    return field


def _scope_inline_choices(inline):
    plain_fk, plain_m2m = inline.formfield_for_foreignkey, inline.formfield_for_manytomany

    def formfield_for_foreignkey(db_field, request, **kwargs):
        return scope_choices(plain_fk(db_field, request, **kwargs), db_field, request, inline.admin_site)

    def formfield_for_manytomany(db_field, request, **kwargs):
        return scope_choices(plain_m2m(db_field, request, **kwargs), db_field, request, inline.admin_site)

    inline.formfield_for_foreignkey = formfield_for_foreignkey
    inline.formfield_for_manytomany = formfield_for_manytomany


def scope_to_organizations(qs, request, path):
    if request.user.is_superuser:
        return qs
    return qs.filter(**{f"{path}__in": actor_for(request).organization_ids})


class OrganizationScopedInline:
    scoped_foreign_keys: dict[str, str] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_choices(field, db_field, request, self.admin_site, self.scoped_foreign_keys)
