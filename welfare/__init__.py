"""The welfare tent: a count-only visit log, and "Need help now" alerts that escalate until a person acknowledges."""
