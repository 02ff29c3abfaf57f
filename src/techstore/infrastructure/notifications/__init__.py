"""Senders of the notifications context: email over SMTP, text messages to the log."""
