"""The quality app's URLs (namespace "quality"): each subject lists its own in its urls.py."""

from quality.context.urls import urlpatterns as context_urlpatterns
from quality.risks.urls import urlpatterns as risks_urlpatterns
from quality.transition.urls import urlpatterns as transition_urlpatterns
from quality.dashboards.urls import urlpatterns as dashboards_urlpatterns
from quality.objectives.urls import urlpatterns as objectives_urlpatterns
from quality.reports.urls import urlpatterns as reports_urlpatterns
from quality.review.urls import urlpatterns as review_urlpatterns

app_name = "quality"

urlpatterns = objectives_urlpatterns + review_urlpatterns + dashboards_urlpatterns + reports_urlpatterns + context_urlpatterns + risks_urlpatterns + transition_urlpatterns
