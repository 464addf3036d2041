from django.contrib import admin

from alliance.members.models import (
    Institution,
    InstitutionName,
    MembershipEvent,
    Person,
    Position,
    RoleAssignment,
)


class InstitutionNameInline(admin.TabularInline):
    model = InstitutionName
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "relation", "kind", "ror_id"]
    list_filter = ["relation", "kind", "subregion"]
    search_fields = ["search_text", "ror_id"]
    readonly_fields = ["relation", "search_text"]
    inlines = [InstitutionNameInline]
    change_list_template = "admin/members/institution/change_list.html"


admin.site.register([MembershipEvent, Person, Position, RoleAssignment])
