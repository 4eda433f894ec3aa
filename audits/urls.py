from django.urls import path

from audits import views_feedback, views_nc

app_name = "audits"

# Nonconformities, corrective and preventive actions (8.3, 8.5.2, 8.5.3).
nc_patterns = [
    path("khong-phu-hop/", views_nc.nc_list, name="nc_list"),
    path("khong-phu-hop/xuat.<str:fmt>", views_nc.nc_export, name="nc_export"),
    path("khong-phu-hop/moi/", views_nc.nc_create, name="nc_create"),
    path("khong-phu-hop/<int:pk>/", views_nc.nc_detail, name="nc_detail"),
    path("khong-phu-hop/<int:pk>/in/", views_nc.nc_print, name="nc_print"),
    path("khong-phu-hop/<int:pk>/phieu.pdf", views_nc.nc_report_pdf, name="nc_report_pdf"),
    path("khong-phu-hop/<int:pk>/sua/", views_nc.nc_edit, name="nc_edit"),
    path("khong-phu-hop/<int:pk>/khac-phuc/", views_nc.nc_correction, name="nc_correction"),
    path("khong-phu-hop/<int:pk>/nguyen-nhan/", views_nc.nc_cause, name="nc_cause"),
    path("khong-phu-hop/<int:pk>/hanh-dong/moi/", views_nc.action_create, name="action_create"),
    path("khong-phu-hop/<int:pk>/chot-ke-hoach/", views_nc.nc_plan, name="nc_plan"),
    path("khong-phu-hop/<int:pk>/phan-cong-kiem-tra/", views_nc.nc_schedule_check, name="nc_schedule_check"),
    path("khong-phu-hop/<int:pk>/kiem-tra-hieu-luc/", views_nc.nc_verify, name="nc_verify"),
    path("khong-phu-hop/<int:pk>/dong/", views_nc.nc_close, name="nc_close"),
    path("khong-phu-hop/<int:pk>/bac-bo/", views_nc.nc_reject, name="nc_reject"),
    path("khong-phu-hop/<int:pk>/mo-lai/", views_nc.nc_reopen, name="nc_reopen"),
    path("hanh-dong/", views_nc.action_list, name="action_list"),
    path("hanh-dong/<int:pk>/", views_nc.action_detail, name="action_detail"),
    path("hanh-dong/<int:pk>/hoan-thanh/", views_nc.action_complete, name="action_complete"),
    path("hanh-dong/<int:pk>/doi/", views_nc.action_change, name="action_change"),
    path("hanh-dong/<int:pk>/huy/", views_nc.action_cancel, name="action_cancel"),
    path("hanh-dong/<int:pk>/bang-chung/", views_nc.evidence_upload, name="evidence_upload"),
    path("bang-chung/<int:pk>/", views_nc.evidence_download, name="evidence_download"),
]

# Citizens' feedback (8.2.1): the first three are public (no login).
feedback_patterns = [
    path("phan-anh/tra-cuu/", views_feedback.feedback_lookup, name="feedback_lookup"),
    path("phan-anh/tra-cuu/<str:code>/", views_feedback.feedback_status, name="feedback_status"),
    path("phan-anh/gui/<slug:agency_code>/", views_feedback.feedback_form, name="feedback_form"),
    path("phan-anh/", views_feedback.feedback_list, name="feedback_list"),
    path("phan-anh/<int:pk>/", views_feedback.feedback_detail, name="feedback_detail"),
    path("phan-anh/<int:pk>/tra-loi/", views_feedback.feedback_answer, name="feedback_answer"),
    path("phan-anh/<int:pk>/khong-xu-ly/", views_feedback.feedback_dismiss, name="feedback_dismiss"),
    path("phan-anh/<int:pk>/chuyen-thanh-nc/", views_feedback.feedback_to_nc, name="feedback_to_nc"),
]

urlpatterns = nc_patterns + feedback_patterns

from audits.urls_audit import urlpatterns as audit_urlpatterns  # noqa: E402

urlpatterns += audit_urlpatterns
