"""Project settings."""
from .hooks import ProjectHooks

# Instantiate and list your project hooks here
HOOKS = (ProjectHooks(),)
