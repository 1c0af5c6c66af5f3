import pytest
from django.contrib.auth.models import Group

from accounts.roles import is_admin, is_analyst, is_editor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_groups_carry_admin_permissions_after_migrate():
    editor = Group.objects.get(name="editor")
    analyst = Group.objects.get(name="analyst")
    editor_perms = set(editor.permissions.values_list("codename", flat=True))
    assert {"change_articlelink", "add_milestone", "view_auditevent"} <= editor_perms
    assert "change_auditevent" not in editor_perms
    assert "delete_article" not in editor_perms
    assert set(analyst.permissions.values_list("codename", flat=True)) >= {"view_initiative"}
    assert not analyst.permissions.exclude(codename__startswith="view_").exists()


@pytest.mark.parametrize(
    ("role", "analyst", "editor", "admin"),
    [
        (None, False, False, False),
        ("analyst", True, False, False),
        ("editor", True, True, False),
        ("admin", True, True, True),
    ],
)
def test_each_role_gets_exactly_its_rights(role, analyst, editor, admin):
    user = UserFactory(role=role)
    assert (is_analyst(user), is_editor(user), is_admin(user)) == (analyst, editor, admin)


def test_inactive_editor_has_no_rights():
    user = UserFactory(role="editor", is_active=False)
    assert not is_editor(user)
