"""What charter tells the apps above it, without knowing them (they connect in their
``AppConfig.ready``; charter never imports them).

``signature_signed``: the signing form (``views.public``) made a signature, whatever its status
(it may still wait for its email confirmation, which can happen in another browser without the
signing's session). Sent after the signature is committed, from the request that signed, with
``signature`` and ``request`` (for what the signer's session holds, e.g. the event they sign
at: ``events.receivers``). Sent again for the same signature when the same form is posted
twice; a receiver must not mind.

``signature_approved``: a coordinator approved a signature (``services.signature_approve``):
its organisation is a signatory now. Sent once the approval is committed
(``transaction.on_commit``, so a receiver sees it and an approval rolled back sends nothing),
with ``signature`` (its ``decided_by`` the coordinator). Not sent from a request's context a
receiver may rely on. A receiver's error is logged and does not undo the approval (a robust
``on_commit``); e.g. the outreach pipeline marks the prospects it is as signed.
"""

from django.dispatch import Signal

signature_signed = Signal()
signature_approved = Signal()
