from flask import flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from blog.auth import bp
from blog.models import User


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = User.query.filter_by(username=request.form["username"]).first()
        if user and user.check_password(request.form["password"]):
            login_user(user)
            return redirect(url_for("posts.index"))
        flash("Invalid credentials")
    return render_template("login.html")


@bp.route("/logout")
def logout():
    logout_user()
    return redirect(url_for("posts.index"))
