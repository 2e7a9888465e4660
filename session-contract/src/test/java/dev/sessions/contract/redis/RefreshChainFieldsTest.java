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
    void aConvertedChainKeepsEachOlderLinkInAFieldOfItsOwnUnderSixtyFourBytes() {
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
                .containsEntry(RefreshChainFields.older(1), a + ":1796599000000")
                .containsEntry(RefreshChainFields.older(2), b + ":1796598000000")
                .doesNotContainKeys(RefreshChainFields.LEGACY_OLDER, RefreshChainFields.older(3));
        assertThat(chain.values()).allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(64));
    }

    private static String base64url(String hex) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(HexFormat.of().parseHex(hex));
    }
}
