from django.urls import path

from quality.context import views

urlpatterns = [
    path("boi-canh/", views.context_page, name="context"),
    path("boi-canh/van-de/them/", views.issue_add, name="context_issue_add"),
    path("boi-canh/van-de/<int:pk>/", views.issue_edit, name="context_issue_edit"),
    path("boi-canh/ben-quan-tam/them/", views.party_add, name="context_party_add"),
    path("boi-canh/ben-quan-tam/<int:pk>/", views.party_edit, name="context_party_edit"),
]
