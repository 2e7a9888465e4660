package dev.sessions.contract.redis;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshChainFieldsTest {

    private static final String HEX_A = "ab".repeat(32);
    private static final String HEX_B = "cd".repeat(32);

    @Test
    void olderLinksAreNumberedFromOneToTheKeptCount() {
        assertThat(RefreshChainFields.older(1)).isEqualTo("o1");
        assertThat(RefreshChainFields.older(RefreshChainFields.OLDER_LINKS)).isEqualTo("o7");
        assertThatThrownBy(() -> RefreshChainFields.older(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshChainFields.older(RefreshChainFields.OLDER_LINKS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConvertedChainKeepsEachOlderLinkInAFieldOfItsOwnAsAKeptHashAndABase36Time() {
        Map<String, String> chain = LayoutConversion.chainFields(Map.of(
                "uid",
                "u-1",
                "cur",
                HEX_A,
                "prev",
                HEX_B,
                "rotatedAt",
                "1796600000000",
                "older",
                HEX_A + ":1796599000000 " + HEX_B + ":1796598000000",
                "gen",
                "3"));

        String a = base64url(HEX_A);
        String b = base64url(HEX_B);
        assertThat(chain)
                .containsEntry(RefreshChainFields.PREVIOUS, b.substring(0, 22))
                .containsEntry(
                        RefreshChainFields.older(1), a.substring(0, 22) + "." + Long.toString(1796599000000L, 36))
                .containsEntry(
                        RefreshChainFields.older(2), b.substring(0, 22) + "." + Long.toString(1796598000000L, 36))
                .doesNotContainKeys(RefreshChainFields.LEGACY_OLDER, RefreshChainFields.older(3));
        assertThat(chain.values()).allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(64));
    }

    @Test
    void aLinkKeepsTheFirst128BitsOfItsHashAndItsTimeInBase36() {
        String hash = base64url(HEX_A);

        assertThat(RefreshChainFields.link(hash, 1796599000000L))
                .isEqualTo(hash.substring(0, 22) + ".mxcgnohs")
                .hasSize(31);
        assertThat(Long.parseLong("mxcgnohs", 36)).isEqualTo(1796599000000L);
        assertThat(RefreshChainFields.kept(hash)).hasSize(RefreshChainFields.KEPT_HASH_CHARS);
        assertThat(RefreshChainFields.kept("short")).isEqualTo("short");
    }

    @Test
    void aKeptHashNamesAHashItBeginsButNeverWhenShortenedOrEmpty() {
        String hash = base64url(HEX_A);

        assertThat(RefreshChainFields.names(RefreshChainFields.kept(hash), hash))
                .isTrue();
        assertThat(RefreshChainFields.names(hash, hash)).isTrue();
        assertThat(RefreshChainFields.names(RefreshChainFields.kept(hash), base64url(HEX_B)))
                .isFalse();
        assertThat(RefreshChainFields.names(hash.substring(0, 21), hash)).isFalse();
        assertThat(RefreshChainFields.names("", hash)).isFalse();
        assertThat(RefreshChainFields.names(null, hash)).isFalse();
        assertThat(RefreshChainFields.names(hash + "A", hash)).isFalse();
    }

    @Test
    void theLastRotationIsTheFirstTimeOfTodaysFormOrThePreviousLinksOfAChainWrittenBefore() {
        long at = 1796599000000L;

        assertThat(RefreshChainFields.lastRotation(Map.of(RefreshChainFields.ROTATED_AT, Long.toString(at, 36))))
                .hasValue(at);
        assertThat(RefreshChainFields.lastRotation(
                        Map.of(RefreshChainFields.ROTATED_AT, Long.toString(at, 36) + ",2s,,9x")))
                .hasValue(at);
        assertThat(RefreshChainFields.lastRotation(
                        Map.of(RefreshChainFields.ROTATED_AT, Long.toString(at), RefreshChainFields.PREVIOUS, "p")))
                .hasValue(at);
        assertThat(RefreshChainFields.lastRotation(Map.of())).isEmpty();
        assertThat(RefreshChainFields.lastRotation(Map.of(RefreshChainFields.ROTATED_AT, "not a time!")))
                .isEmpty();
    }

    private static String base64url(String hex) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(HexFormat.of().parseHex(hex));
    }
}
