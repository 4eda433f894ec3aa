from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qms.core.models import Agency, Department, User, UserRole


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "parent_name", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "agency", "head"]
    list_filter = ["agency"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["head"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "title", "agency", "department", "is_active"]
    list_filter = ["agency", "is_active", "roles__role"]
    search_fields = ["username", "full_name", "email"]
    inlines = [UserRoleInline]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Cơ quan và vai trò"), {"fields": ["full_name", "title", "agency", "department", "language"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Cơ quan"), {"fields": ["full_name", "title", "agency", "department"]}),
    )


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role"]
    list_filter = ["role", "user__agency"]
