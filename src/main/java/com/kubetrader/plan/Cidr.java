package com.kubetrader.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block. Parsing is strict: host bits must be zero, so a typo such as
 * {@code 10.0.0.1/16} is rejected instead of silently meaning {@code 10.0.0.0/16}.
 */
public record Cidr(long network, int prefix) implements Comparable<Cidr> {

    private static final Pattern SHAPE =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final long ALL_ONES = 0xFFFF_FFFFL;

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is outside 0..32");
        }
        if (network < 0 || network > ALL_ONES) {
            throw new IllegalArgumentException("address " + network + " is not an IPv4 address");
        }
        if ((network & ~mask(prefix) & ALL_ONES) != 0) {
            throw new IllegalArgumentException("host bits are set; the block starts at "
                    + formatAddress(network & mask(prefix)) + "/" + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; the exception's message says what is wrong and what is valid. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no value; expected an IPv4 CIDR such as 10.0.0.0/16");
        }
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR; expected the form a.b.c.d/n, such as 10.0.0.0/16");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " is above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new IllegalArgumentException("prefix length /" + prefix + " is above /32");
        }
        return new Cidr(address, prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long first() {
        return network;
    }

    public long last() {
        return network + size() - 1;
    }

    public boolean contains(Cidr other) {
        return prefix <= other.prefix && first() <= other.first() && other.last() <= last();
    }

    public boolean overlaps(Cidr other) {
        return first() <= other.last() && other.first() <= last();
    }

    /** Addresses an AWS subnet of this size leaves for hosts: AWS keeps five in every subnet. */
    /** Every block of {@code prefix} inside this one, lowest first (empty when the prefix is shorter than ours). */
    public java.util.List<Cidr> subdivide(int childPrefix) {
        java.util.List<Cidr> out = new java.util.ArrayList<>();
        if (childPrefix < prefix || childPrefix > 32) {
            return out;
        }
        long step = 1L << (32 - childPrefix);
        for (long n = first(); n <= last(); n += step) {
            out.add(new Cidr(n, childPrefix));
        }
        return out;
    }

    public long awsUsableAddresses() {
        return Math.max(0, size() - 5);
    }

    @Override
    public int compareTo(Cidr other) {
        int byStart = Long.compare(network, other.network);
        return byStart != 0 ? byStart : Integer.compare(prefix, other.prefix);
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (ALL_ONES << (32 - prefix)) & ALL_ONES;
    }

    private static String formatAddress(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "."
                + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
