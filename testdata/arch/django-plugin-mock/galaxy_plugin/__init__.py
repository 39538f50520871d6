default_app_config = "galaxy_plugin.apps.GalaxyPluginConfig"
