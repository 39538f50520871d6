"""The base every acme plugin derives from (acme.plugins.base)."""
import abc


class Plugin(abc.ABC):
    @abc.abstractmethod
    def install(self, target) -> None:
        """Hook the plugin into target."""
