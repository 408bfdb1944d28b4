"""Development: DEBUG on and a throwaway key, so `make run` works with no configuration."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
