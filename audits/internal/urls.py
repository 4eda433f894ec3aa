"""URLs of the internal audit (8.2.2), joined in audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.internal.views import checklists, conduct, planning

urlpatterns = [
    path("chuong-trinh/", planning.programme_list, name="programme_list"),
    path("chuong-trinh/tao/", planning.programme_create, name="programme_create"),
    path("chuong-trinh/<int:pk>/", planning.programme_detail, name="programme_detail"),
    path("chuong-trinh/<int:pk>/do-bao-phu/", planning.programme_coverage, name="programme_coverage"),
    path("chuong-trinh/<int:pk>/them-cuoc-danh-gia/", planning.audit_create, name="audit_create"),
    path("cuoc-danh-gia/", planning.audit_list, name="audit_list"),
    path("cuoc-danh-gia/<int:pk>/", planning.audit_detail, name="audit_detail"),
    path("cuoc-danh-gia/<int:pk>/sua/", planning.audit_edit, name="audit_edit"),
    path("cuoc-danh-gia/<int:pk>/doan-danh-gia/", planning.audit_assign, name="audit_assign"),
    path("cuoc-danh-gia/<int:pk>/bat-dau/", conduct.audit_start, name="audit_start"),
    path("cuoc-danh-gia/<int:pk>/mo-lai/", conduct.audit_reopen, name="audit_reopen"),
    path("cuoc-danh-gia/<int:pk>/ket-thuc/", conduct.audit_close, name="audit_close"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/", checklists.checklist, name="checklist"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/luu/", checklists.checklist_save, name="checklist_save"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/them-tu-mau/", checklists.checklist_apply_template, name="checklist_apply_template"),
    path("cuoc-danh-gia/<int:pk>/cau-hoi/them/", checklists.checklist_item_add, name="checklist_item_add"),
    path("cuoc-danh-gia/<int:pk>/phat-hien/them/", conduct.finding_add, name="finding_add"),
    path("cuoc-danh-gia/<int:pk>/bao-cao/phat-hanh/", conduct.audit_issue_report, name="audit_issue_report"),
    path("cuoc-danh-gia/<int:pk>/bao-cao/", conduct.audit_report, name="audit_report"),
    path("cau-hoi/<int:pk>/", checklists.checklist_item_edit, name="checklist_item_edit"),
    path("cau-hoi/<int:pk>/dinh-kem/", checklists.checklist_attach, name="checklist_attach"),
    path("cau-hoi/tep/<int:pk>/", checklists.checklist_attachment, name="checklist_attachment"),
    path("mau-cau-hoi/", checklists.checklist_template_list, name="checklist_template_list"),
    path("mau-cau-hoi/tao/", checklists.checklist_template_edit, name="checklist_template_create"),
    path("mau-cau-hoi/<int:pk>/", checklists.checklist_template_edit, name="checklist_template_edit"),
]
