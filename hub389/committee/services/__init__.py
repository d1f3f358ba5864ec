"""Every write of the committee's registers, one module per register (flash reports,
recommendations, area responsibility, commitments). Each function opens its transaction,
re-reads and locks the row it changes, checks the policy, validates (Vietnamese messages,
nothing saved), saves, audits and says whom it tells."""
