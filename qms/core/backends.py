"""Authentication backend: Django's, loading the user's agency and department with the user.

Every page shows the agency (header, scoping) and many the department: fetching them in the
same query as the user saves one or two queries on every request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("agency", "department").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
