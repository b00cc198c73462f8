from flask import Blueprint
bp = Blueprint("oai", __name__)
