"""What charter tells the apps above it, without knowing them (they connect in their
``AppConfig.ready``; charter never imports them).

``signature_signed``: the signing form (``views.public``) made a signature, whatever its status
(it may still wait for its email confirmation, which can happen in another browser without the
signing's session). Sent after the signature is committed, from the request that signed, with
``signature`` and ``request`` (for what the signer's session holds, e.g. the event they sign
at: ``events.receivers``). Sent again for the same signature when the same form is posted
twice; a receiver must not mind.
"""

from django.dispatch import Signal

signature_signed = Signal()
