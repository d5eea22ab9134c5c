"""kp: write, check and publish anti-trafficking knowledge products in English, Hindi and Bengali."""

__version__ = "0.1.0"
