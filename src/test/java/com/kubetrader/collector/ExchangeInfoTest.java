package com.kubetrader.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExchangeInfoTest {

    @Test
    void keepsOnlyTradingSymbolsThatAllowSpotTradingSkippingNestedFilters() throws Exception {
        String json = "{\"serverTime\":1,\"exchangeFilters\":[],\"symbols\":["
                + "{\"symbol\":\"ETHBTC\",\"status\":\"TRADING\",\"orderTypes\":[\"LIMIT\"],"
                + "\"filters\":[{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.0001\"}],\"isSpotTradingAllowed\":true},"
                + "{\"status\":\"HALT\",\"symbol\":\"LUNABTC\"},"
                + "{\"symbol\":\"XRPUSDT\",\"status\":\"TRADING\",\"isSpotTradingAllowed\":false},"
                + "{\"status\":\"TRADING\",\"symbol\":\"BNBUSDT\"}]}";
        assertThat(ExchangeInfo.parseTradingSymbols(json)).containsExactly("ETHBTC", "BNBUSDT");
    }

    @Test
    void rejectsAResponseWithoutASymbolsArray() {
        assertThatThrownBy(() -> ExchangeInfo.parseTradingSymbols("{\"code\":-1003,\"msg\":\"Too many requests\"}"))
                .hasMessageContaining("no \"symbols\" array");
    }
}
