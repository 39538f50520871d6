"""labkit: a notebook server whose routes are connected to the app by functions."""
