# English UI keeps Vietnamese date and number formats: users compare with official documents.
from hub389.formats.vi.formats import *  # noqa: F403
