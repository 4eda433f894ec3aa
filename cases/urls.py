"""The cases app's URLs (namespace "cases", under /mot-cua/): each subject lists its own in its urls.py."""

from cases.figures.urls import urlpatterns as figures_urlpatterns
from cases.files.urls import urlpatterns as files_urlpatterns

app_name = "cases"

urlpatterns = files_urlpatterns + figures_urlpatterns
