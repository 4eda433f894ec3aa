"""Form building blocks shared by the apps: the login form, NFC input, ids in the database's range, the input of
a stored file."""

import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class NfcInput:
    """Normalise what was sent to NFC before the fields validate it.

    ``max_length`` must count the characters that will be stored: some text grows under NFC (U+0958 becomes
    two code points), and a value that passed the check raw could overflow its column once normalised (a
    500 on PostgreSQL), while decomposed Vietnamese (NFD) shrinks. Forms add their own ``clean`` on top.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            data = data.copy()
            for key in list(data):
                data.setlist(key, [_nfc(v) for v in data.getlist(key)])
        elif data is not None:
            data = {key: _nfc(value) for key, value in data.items()}
        super().__init__(data, *args, **kwargs)


class InRangeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids beyond the database's integer range are an unknown choice, not a 500: Django checks the ids with
    one ``pk__in`` query, which SQLite refuses with OverflowError. ``isdecimal`` (not ``isdigit``) so that a
    digit such as "²", which int() refuses, is left to Django's own "not a valid value"."""

    def _check_values(self, value):
        for pk in value or []:
            text = str(pk).strip()
            if text.lstrip("-").isdecimal() and abs(int(text)) > 2**63 - 1:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": text})
        return super()._check_values(value)


class _CurrentFile:
    """What ClearableFileInput's template reads from the current value: a link and a text."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class StoredFileInput(forms.ClearableFileInput):
    """A file input that shows the current file by its download name, linked to the view that checks access.

    Django's own widget links to the storage URL (/media/...), which no route serves: stored files leave only
    through download views (qms/core/downloads.py).
    """

    def __init__(self, attrs=None, *, url="", name=""):
        super().__init__(attrs)
        self.download_url, self.download_name = url, name

    def format_value(self, value):
        if self.is_initial(value):
            return _CurrentFile(self.download_url, self.download_name or value.name.rsplit("/", 1)[-1])
        return None


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    # max_length validated here (AuthenticationForm only sets the HTML attribute): a longer name would
    # reach django-axes' failed-attempt row (varchar 255) and fail with a 500 on PostgreSQL.
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CalendarChangeForm(NfcInput, forms.Form):
    """A day off or a make-up working day entered on the working-day calendar (qms/core/workdays.add_change)."""

    date = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Hãy nhập một ngày (ngày/tháng/năm).")})
    kind = forms.ChoiceField(label=_("Loại"), choices=[
        ("day_off", _("Ngày nghỉ (nghỉ bù, nghỉ thêm)")),
        ("working_day", _("Ngày làm việc (làm bù thứ Bảy, Chủ nhật)")),
    ])
    reason = forms.CharField(label=_("Lý do, văn bản"), max_length=255,
                             help_text=_("Ví dụ: Công văn số 123/UBND-VX về nghỉ bù dịp Quốc khánh."),
                             error_messages={"required": _("Hãy ghi lý do (văn bản quyết định ngày nghỉ, ngày làm bù).")})

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Ngày phải trong khoảng năm 2000–2100."))
        return day


class IsoEditionForm(NfcInput, forms.Form):
    """The coordinator moves the agency to another edition of TCVN ISO 9001 (qms/core/editions.set_edition)."""

    edition = forms.ChoiceField(label=_("Phiên bản tiêu chuẩn"), choices=[
        ("2008", _("TCVN ISO 9001:2008")), ("2015", _("TCVN ISO 9001:2015")),
    ], error_messages={"invalid_choice": _("Phiên bản tiêu chuẩn không hợp lệ.")})
    since = forms.DateField(label=_("Áp dụng từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"invalid": _("Hãy nhập một ngày (ngày/tháng/năm)."),
                                            "required": _("Hãy nhập ngày bắt đầu áp dụng.")})
    reason = forms.CharField(label=_("Lý do, văn bản"), max_length=255,
                             help_text=_("Ví dụ: Quyết định số 45/QĐ-UBND về việc áp dụng TCVN ISO 9001:2015."),
                             error_messages={"required": _("Hãy ghi lý do (quyết định chuyển đổi của cơ quan).")})

    def clean_since(self):
        day = self.cleaned_data["since"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Ngày phải trong khoảng năm 2000–2100."))
        return day
