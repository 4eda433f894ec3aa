from django.urls import path

from quality.transition import views

urlpatterns = [
    path("chuyen-doi-2015/", views.transition, name="transition"),
    path("chuyen-doi-2015/bo-cau-hoi/", views.transition_checklist, name="transition_checklist"),
]
