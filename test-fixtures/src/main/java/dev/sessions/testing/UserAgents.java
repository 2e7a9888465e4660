package dev.sessions.testing;

/** Real browsers' User-Agent headers, for tests that sign in "from" a device. */
public final class UserAgents {

    /** Chrome 120 on Windows 10: a Computer, Windows, Chrome. */
    public static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    /** Safari on an iPhone with iOS 17.1: a Smartphone, iOS, Safari. */
    public static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    /** Firefox 121 on Linux: a Computer, Linux, Firefox. */
    public static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private UserAgents() {}
}
