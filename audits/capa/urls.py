"""URLs of nonconformities and actions, joined in audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.capa import views

# Nonconformities, corrective and preventive actions (8.3, 8.5.2, 8.5.3).
urlpatterns = [
    path("khong-phu-hop/", views.nc_list, name="nc_list"),
    path("khong-phu-hop/xuat.<str:fmt>", views.nc_export, name="nc_export"),
    path("khong-phu-hop/moi/", views.nc_create, name="nc_create"),
    path("khong-phu-hop/<int:pk>/", views.nc_detail, name="nc_detail"),
    path("khong-phu-hop/<int:pk>/in/", views.nc_print, name="nc_print"),
    path("khong-phu-hop/<int:pk>/phieu.pdf", views.nc_report_pdf, name="nc_report_pdf"),
    path("khong-phu-hop/<int:pk>/sua/", views.nc_edit, name="nc_edit"),
    path("khong-phu-hop/<int:pk>/khac-phuc/", views.nc_correction, name="nc_correction"),
    path("khong-phu-hop/<int:pk>/nguyen-nhan/", views.nc_cause, name="nc_cause"),
    path("khong-phu-hop/<int:pk>/hanh-dong/moi/", views.action_create, name="action_create"),
    path("khong-phu-hop/<int:pk>/chot-ke-hoach/", views.nc_plan, name="nc_plan"),
    path("khong-phu-hop/<int:pk>/phan-cong-kiem-tra/", views.nc_schedule_check, name="nc_schedule_check"),
    path("khong-phu-hop/<int:pk>/kiem-tra-hieu-luc/", views.nc_verify, name="nc_verify"),
    path("khong-phu-hop/<int:pk>/dong/", views.nc_close, name="nc_close"),
    path("khong-phu-hop/<int:pk>/bac-bo/", views.nc_reject, name="nc_reject"),
    path("khong-phu-hop/<int:pk>/mo-lai/", views.nc_reopen, name="nc_reopen"),
    path("hanh-dong/", views.action_list, name="action_list"),
    path("hanh-dong/<int:pk>/", views.action_detail, name="action_detail"),
    path("hanh-dong/<int:pk>/hoan-thanh/", views.action_complete, name="action_complete"),
    path("hanh-dong/<int:pk>/doi/", views.action_change, name="action_change"),
    path("hanh-dong/<int:pk>/huy/", views.action_cancel, name="action_cancel"),
    path("hanh-dong/<int:pk>/bang-chung/", views.evidence_upload, name="evidence_upload"),
    path("bang-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
]
