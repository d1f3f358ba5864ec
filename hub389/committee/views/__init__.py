"""The committee's registers' pages (/committee/…): each write is one service call."""
