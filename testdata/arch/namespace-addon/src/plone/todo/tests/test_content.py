from plone.app.testing import PLONE_INTEGRATION_TESTING

from plone.todo.content import Todo


def test_todo_is_an_item():
    assert Todo.__name__ == "Todo"
    assert PLONE_INTEGRATION_TESTING is not None
