"""URLs of nonconformities and actions, joined in audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.capa.views import actions, effectiveness, lifecycle, register

# Nonconformities, corrective and preventive actions (8.3, 8.5.2, 8.5.3).
urlpatterns = [
    path("khong-phu-hop/", register.nc_list, name="nc_list"),
    path("khong-phu-hop/xuat.<str:fmt>", register.nc_export, name="nc_export"),
    path("khong-phu-hop/moi/", lifecycle.nc_create, name="nc_create"),
    path("khong-phu-hop/<int:pk>/", lifecycle.nc_detail, name="nc_detail"),
    path("khong-phu-hop/<int:pk>/in/", lifecycle.nc_print, name="nc_print"),
    path("khong-phu-hop/<int:pk>/phieu.pdf", lifecycle.nc_report_pdf, name="nc_report_pdf"),
    path("khong-phu-hop/<int:pk>/sua/", lifecycle.nc_edit, name="nc_edit"),
    path("khong-phu-hop/<int:pk>/khac-phuc/", lifecycle.nc_correction, name="nc_correction"),
    path("khong-phu-hop/<int:pk>/nguyen-nhan/", lifecycle.nc_cause, name="nc_cause"),
    path("khong-phu-hop/<int:pk>/hanh-dong/moi/", actions.action_create, name="action_create"),
    path("khong-phu-hop/<int:pk>/chot-ke-hoach/", actions.nc_plan, name="nc_plan"),
    path("khong-phu-hop/<int:pk>/phan-cong-kiem-tra/", effectiveness.nc_schedule_check, name="nc_schedule_check"),
    path("khong-phu-hop/<int:pk>/kiem-tra-hieu-luc/", effectiveness.nc_verify, name="nc_verify"),
    path("khong-phu-hop/<int:pk>/dong/", effectiveness.nc_close, name="nc_close"),
    path("khong-phu-hop/<int:pk>/bac-bo/", lifecycle.nc_reject, name="nc_reject"),
    path("khong-phu-hop/<int:pk>/mo-lai/", lifecycle.nc_reopen, name="nc_reopen"),
    path("hanh-dong/", actions.action_list, name="action_list"),
    path("hanh-dong/<int:pk>/", actions.action_detail, name="action_detail"),
    path("hanh-dong/<int:pk>/hoan-thanh/", actions.action_complete, name="action_complete"),
    path("hanh-dong/<int:pk>/doi/", actions.action_change, name="action_change"),
    path("hanh-dong/<int:pk>/huy/", actions.action_cancel, name="action_cancel"),
    path("hanh-dong/<int:pk>/bang-chung/", actions.evidence_upload, name="evidence_upload"),
    path("bang-chung/<int:pk>/", actions.evidence_download, name="evidence_download"),
]
