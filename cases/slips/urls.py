from django.urls import path

from cases.slips import views

urlpatterns = [
    path("ho-so/<int:pk>/giay-tiep-nhan.pdf", views.form_receipt, name="form_receipt"),
    path("ho-so/<int:pk>/phieu-bo-sung.pdf", views.form_supplement, name="form_supplement"),
    path("ho-so/<int:pk>/phieu-tu-choi.pdf", views.form_refusal, name="form_refusal"),
    path("ho-so/<int:pk>/phieu-xin-loi/<int:number>.pdf", views.form_apology, name="form_apology"),
    path("ho-so/<int:pk>/phieu-kiem-soat.pdf", views.form_control, name="form_control"),
    path("ho-so/so-theo-doi.pdf", views.register_pdf, name="register_pdf"),
    path("ho-so/so-theo-doi.xlsx", views.register_xlsx, name="register_xlsx"),
]
