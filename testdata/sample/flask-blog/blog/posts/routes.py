from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from blog.extensions import db
from blog.models import Post
from blog.posts import bp
from blog.tasks import enqueue_notification


@bp.route("/")
def index():
    posts = Post.query.order_by(Post.created.desc()).all()
    return render_template("index.html", posts=posts)


@bp.route("/create", methods=["GET", "POST"])
@login_required
def create():
    if request.method == "POST":
        post = Post(title=request.form["title"], body=request.form["body"], author=current_user)
        db.session.add(post)
        db.session.commit()
        enqueue_notification(post.id)
        return redirect(url_for("posts.index"))
    return render_template("create.html")
