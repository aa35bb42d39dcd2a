<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:6:", "malformed XML" -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document">
  <xsl:template match="/">
    <fo:root>
  </xsl:template>
</xsl:stylesheet>
