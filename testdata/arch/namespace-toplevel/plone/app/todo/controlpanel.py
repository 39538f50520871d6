from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper, RegistryEditForm

from plone.app.todo.interfaces import ITodoSettings


class TodoSettingsForm(RegistryEditForm):
    schema = ITodoSettings


class TodoSettings(ControlPanelFormWrapper):
    form = TodoSettingsForm
