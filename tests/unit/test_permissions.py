import pytest

from desktop.db import Actor
from desktop.services.errors import PermissionDenied
from desktop.services.permissions import ROLE_PERMISSIONS, Permission, Role, can, require


class _Uow:
    def __init__(self, role):
        self.actor = Actor(user_id=1, username="u", role=role)


def test_every_role_has_an_entry_and_only_admin_manages_users():
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert [r for r in Role if can(r, Permission.MANAGE_USERS)] == [Role.ADMIN]
    assert can("director", Permission.APPROVE_EXTENSION) and not can("supervisor", Permission.APPROVE_EXTENSION)
    assert not can("clerk", Permission.VIEW_REPORTS) and not can("nobody", Permission.VIEW_REPORTS)


def test_require_raises_with_the_facts():
    with pytest.raises(PermissionDenied) as err:
        require(_Uow("clerk"), Permission.CONFIGURE_CENTER)
    assert (err.value.role, err.value.permission) == ("clerk", "configure_center")
    require(_Uow("admin"), Permission.CONFIGURE_CENTER)
    require(type("S", (), {"actor": Actor.system()})(), Permission.MANAGE_USERS)
