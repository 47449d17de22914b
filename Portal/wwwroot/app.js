// The theme choice outlives the page: a cookie the server reads to paint the first render right.
window.portalTheme = {
    remember: function (dark) {
        document.cookie = "portal.theme=" + (dark ? "dark" : "light") + "; path=/; max-age=31536000; samesite=lax";
    },
    // Static pages (sign-in) have no circuit: flip the cookie and render again.
    toggle: function () {
        var dark = document.cookie.split("; ").indexOf("portal.theme=dark") >= 0;
        window.portalTheme.remember(!dark);
        window.location.reload();
    }
};
