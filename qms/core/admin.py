"""The administrator's pages for agencies, departments, users and roles.

Nothing controlled is ever hard-deleted here. Records of every subject point at agencies,
departments and users (signatures, acknowledgements, distribution lists, audit scopes, history),
some through CASCADE: deleting one would silently take records with it, and on PostgreSQL the
append-only history guard turns it into an error. So these pages have no delete (no delete page,
no "delete selected" action): an agency is switched off with ``is_active``, a user is deactivated
with a reason that history keeps, a department keeps its row and is renamed if it was a mistake.
Revoking a role stays possible: the role row carries no records and its history keeps the removal.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qms.core import text as vntext
from qms.core.models import Agency, Department, User, UserRole

# Roles are the product's own (UserRole, scoped by agency and department); Django's groups and
# permissions would be a second, unused way to grant access, so their screens are not offered.
admin.site.unregister(Group)


class NeverDeletedAdmin(SimpleHistoryAdmin):
    """No delete permission, even for a superuser: the delete page answers 403 and the action is gone."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(NeverDeletedAdmin):
    list_display = ["name", "code", "parent_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Department)
class DepartmentAdmin(NeverDeletedAdmin):
    list_display = ["name", "code", "agency", "head"]
    list_filter = ["agency"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["head"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


class UserChangeForm(BaseUserChangeForm):
    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi vô hiệu hóa hoặc kích hoạt lại tài khoản; được ghi vào lịch sử."),
    )

    def clean_change_reason(self):
        return vntext.nfc(self.cleaned_data.get("change_reason")).strip()

    def clean(self):
        cleaned = super().clean()
        if "is_active" in self.changed_data and not cleaned.get("change_reason"):
            self.add_error("change_reason", _("Cần nêu lý do khi vô hiệu hóa hoặc kích hoạt lại tài khoản."))
        return cleaned


def _with_reason_after_is_active(fieldsets):
    result = []
    for name, options in fieldsets:
        fields = list(options["fields"])
        if "is_active" in fields:
            fields.insert(fields.index("is_active") + 1, "change_reason")
        result.append((name, {**options, "fields": fields}))
    return tuple(result)


@admin.register(User)
class UserAdmin(NeverDeletedAdmin, BaseUserAdmin):
    """People leave by deactivation (``is_active`` off, with a reason), never by deletion."""

    form = UserChangeForm
    list_display = ["username", "full_name", "title", "agency", "department", "is_active"]
    list_filter = ["agency", "is_active", "roles__role"]
    search_fields = ["username", "full_name", "email"]
    inlines = [UserRoleInline]
    fieldsets = _with_reason_after_is_active(BaseUserAdmin.fieldsets) + (
        (_("Cơ quan và vai trò"), {"fields": ["full_name", "title", "agency", "department", "language"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Cơ quan"), {"fields": ["full_name", "title", "agency", "department"]}),
    )

    def save_model(self, request, obj, form, change):
        # SimpleHistoryAdmin records the acting user; the reason goes into the same history row.
        obj._change_reason = form.cleaned_data.get("change_reason", "") if change else ""
        super().save_model(request, obj, form, change)


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role"]
    list_filter = ["role", "user__agency"]
