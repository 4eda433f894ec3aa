"""The cases app's URLs (namespace "cases", under /mot-cua/): each subject lists its own in its urls.py.
The citizens' status page (cases/public/urls.py) is at the site's root, joined in qms/urls.py."""

from cases.figures.urls import urlpatterns as figures_urlpatterns
from cases.files.urls import urlpatterns as files_urlpatterns
from cases.late.urls import urlpatterns as late_urlpatterns
from cases.privacy.urls import urlpatterns as privacy_urlpatterns
from cases.slips.urls import urlpatterns as slips_urlpatterns

app_name = "cases"

urlpatterns = files_urlpatterns + late_urlpatterns + figures_urlpatterns + slips_urlpatterns + privacy_urlpatterns
