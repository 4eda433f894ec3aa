"""The cases app's URLs (namespace "cases", under /mot-cua/): each subject lists its own in its urls.py."""

from cases.figures.urls import urlpatterns as figures_urlpatterns
from cases.files.urls import urlpatterns as files_urlpatterns
from cases.late.urls import urlpatterns as late_urlpatterns

app_name = "cases"

urlpatterns = files_urlpatterns + late_urlpatterns + figures_urlpatterns
