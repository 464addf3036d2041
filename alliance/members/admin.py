from django.contrib import admin

from alliance.members.models import (
    Institution,
    InstitutionName,
    MembershipEvent,
    Person,
    Position,
    RoleAssignment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin shows records; changes go through the pages, whose services keep the audit
    trail and the rules (an edit here would bypass both)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class InstitutionNameInline(admin.TabularInline):
    model = InstitutionName
    extra = 0

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "country", "relation", "kind", "ror_id"]
    list_filter = ["relation", "kind", "subregion"]
    search_fields = ["search_text", "ror_id"]
    readonly_fields = ["relation", "search_text"]
    inlines = [InstitutionNameInline]
    change_list_template = "admin/members/institution/change_list.html"


admin.site.register([MembershipEvent, Person, Position, RoleAssignment], ReadOnlyAdmin)
